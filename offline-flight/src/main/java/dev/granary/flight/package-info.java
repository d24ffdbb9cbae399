/**
 * Training sets over Arrow Flight, for {@code granary serve --flight-port}: {@link
 * dev.granary.flight.TrainingSetFlightServer} answers DoGet with a training set streamed as Arrow record batches
 * while the offline engine computes it (no file), DoPut with an entity table to use in later tickets, and
 * ListFlights with the recorded training sets. Tickets are {@link dev.granary.flight.client.TrainingSetTicket}s;
 * errors are Flight status codes carrying the REST API's messages; with security on, calls need the REST API's
 * bearer token with the reader role on the project. {@link dev.granary.flight.ArrowRestConfiguration} also streams training sets over the
 * REST API as Arrow IPC streams ({@code Accept: application/vnd.apache.arrow.stream}) when this module is on the
 * server's classpath. Kept out of the registry service so the server stays lean.
 */
package dev.granary.flight;
