/**
 * Browser tests of the web UI (the {@code ui} module) against a real server in a real headless Chromium: the UI
 * only ever talks to the public REST API, so these tests apply specs through that API and then read the pages.
 * They live here, next to the server, because {@code ui} holds static resources only.
 */
package dev.granary.ui;
