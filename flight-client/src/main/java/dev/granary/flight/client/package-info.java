/**
 * Training sets over Arrow Flight for Java notebooks and jobs, an optional add-on to {@code granary-client} (whose
 * lookup client keeps its small dependency budget): {@link dev.granary.flight.client.FlightTrainingSets} connects
 * to {@code granary serve --flight-port}, uploads entity tables and streams training sets as Arrow batches;
 * {@link dev.granary.flight.client.TrainingSetTicket} is the ticket's wire format, shared with the server.
 */
package dev.granary.flight.client;
