package dev.granary.config;

/** The kinds of online store. */
public enum OnlineType { EMBEDDED, REDIS, REDIS_CLUSTER }
