package dev.granary.flight.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallOption;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightCallHeaders;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.HeaderCallOption;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.SyncPutListener;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A connection to {@code granary serve --flight-port}: upload entity tables, stream training sets as Arrow record
 * batches, list recorded ones. Errors arrive as {@link org.apache.arrow.flight.FlightRuntimeException} with the
 * status code and the REST API's message. Not thread-safe for one stream; the connection may be shared.
 */
public final class FlightTrainingSets implements AutoCloseable {
    private final FlightClient client;
    private final CallOption[] options;

    private FlightTrainingSets(FlightClient client, CallOption[] options) {
        this.client = client;
        this.options = options;
    }

    /**
     * Connects over plain gRPC to {@code host:port}; {@code token} is the bearer token when the server has
     * security on, else null. Buffers come from {@code allocator}, which the caller closes after this.
     */
    public static FlightTrainingSets connect(BufferAllocator allocator, String host, int port, String token) {
        FlightClient client = FlightClient.builder(allocator, Location.forGrpcInsecure(host, port)).build();
        if (token == null) {
            return new FlightTrainingSets(client, new CallOption[0]);
        }
        CallHeaders headers = new FlightCallHeaders();
        headers.insert("authorization", "Bearer " + token);
        return new FlightTrainingSets(client, new CallOption[]{new HeaderCallOption(headers)});
    }

    /** Sends an entity table (join keys and a timestamp column) under {@code name}, for tickets to name as upload. */
    public void uploadEntities(String project, String name, VectorSchemaRoot table) {
        Objects.requireNonNull(table, "table is null");
        FlightDescriptor descriptor = FlightDescriptor.path(project, name);
        SyncPutListener ack = new SyncPutListener();
        FlightClient.ClientStreamListener put = client.startPut(descriptor, table, ack, options);
        put.putNext();
        put.completed();
        put.getResult();
        ack.close();
    }

    /**
     * The training set the ticket describes, streamed as it is computed: call {@link FlightStream#next()} and
     * read {@link FlightStream#getRoot()} per batch; {@link FlightStream#cancel} stops the server's work.
     */
    public FlightStream trainingSet(TrainingSetTicket ticket) {
        return client.getStream(new Ticket(ticket.toBytes()), options);
    }

    /** The training sets recorded for {@code project}, newest first; each endpoint's ticket replays one. */
    public List<FlightInfo> recorded(String project) {
        List<FlightInfo> out = new ArrayList<>();
        client.listFlights(new Criteria(project.getBytes(StandardCharsets.UTF_8)), options).forEach(out::add);
        return out;
    }

    @Override
    public void close() throws InterruptedException {
        client.close();
    }
}
