package dev.granary.flight;

import dev.granary.export.EntityQueries;
import dev.granary.export.RecordedTrainingSet;
import dev.granary.export.TrainingSetRequest;
import dev.granary.export.TrainingSets;
import dev.granary.flight.client.TrainingSetTicket;
import dev.granary.security.Caller;
import dev.granary.security.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.NoOpFlightProducer;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/** The Flight calls: DoGet streams a training set, DoPut uploads an entity table, ListFlights lists recorded sets. */
final class TrainingSetProducer extends NoOpFlightProducer {
    static final int LISTED = 1000;

    private final TrainingSets trainingSets;
    private final EntityUploads uploads;
    private final BufferAllocator allocator;
    private final FlightErrors errors;
    private final AtomicInteger streaming = new AtomicInteger();

    TrainingSetProducer(TrainingSets trainingSets, EntityUploads uploads, BufferAllocator allocator,
                        FlightErrors errors) {
        this.trainingSets = trainingSets;
        this.uploads = uploads;
        this.allocator = allocator;
        this.errors = errors;
    }

    /** How many DoGet streams are computing now. */
    int streaming() {
        return streaming.get();
    }

    private static Caller caller(CallContext context) {
        CallerMiddleware middleware = context.getMiddleware(CallerMiddleware.KEY);
        return middleware == null ? Caller.UNCHECKED : middleware.caller;
    }

    @Override
    public void getStream(CallContext context, Ticket ticket, ServerStreamListener listener) {
        streaming.incrementAndGet();
        try (BufferAllocator child = allocator.newChildAllocator("training-set", 0, Long.MAX_VALUE);
             ArrowTrainingSetSink sink = new ArrowTrainingSetSink(child, listener)) {
            TrainingSetTicket t = TrainingSetTicket.fromBytes(ticket.getBytes());
            caller(context).require(t.project(), Role.READER);
            if (t.replay() != null) {
                if (t.features() != null || t.featureService() != null || t.entities() != null || t.upload() != null
                        || t.asOf() != null || t.rangeStart() != null) {
                    throw new IllegalArgumentException("a replay takes its entities and features from the recorded"
                            + " training set; send only project, replay and allowChangedInputs");
                }
                trainingSets.streamReplay(t.project(), t.replay(), Boolean.TRUE.equals(t.allowChangedInputs()),
                        caller(context), sink);
            } else {
                if (t.entities() != null && t.upload() != null) {
                    throw new IllegalArgumentException("give either entities (a path on the server) or upload, not both");
                }
                Path uploaded = t.upload() == null ? null : uploads.get(t.project(), t.upload());
                TrainingSetRequest request = new TrainingSetRequest(t.project(),
                        uploaded != null ? uploaded : t.entities() == null ? null : Path.of(t.entities()),
                        t.features(), t.featureService(), null, Boolean.TRUE.equals(t.fullFeatureNames()),
                        t.timestampColumn(), false, EntityQueries.of(t.asOf(), t.rangeStart(), t.rangeEnd(), t.every()));
                trainingSets.stream(request, uploaded, caller(context), sink);
            }
            sink.completed();
        } catch (ArrowTrainingSetSink.Cancelled e) {
            // the client is gone; the export stopped at its next batch
        } catch (RuntimeException e) {
            listener.error(errors.of(e));
        } finally {
            streaming.decrementAndGet();
        }
    }

    @Override
    public Runnable acceptPut(CallContext context, FlightStream stream, StreamListener<PutResult> ackStream) {
        return () -> {
            try {
                List<String> path = stream.getDescriptor().getPath();
                if (!stream.getDescriptor().isCommand() && path.size() == 2) {
                    caller(context).require(path.get(0), Role.READER);
                    uploads.put(path.get(0), path.get(1), stream);
                    ackStream.onCompleted();
                } else {
                    throw new IllegalArgumentException("name the upload with a descriptor path [project, name]");
                }
            } catch (Exception e) {
                ackStream.onError(errors.of(e));
            }
        };
    }

    @Override
    public void listFlights(CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
        try {
            String project = new String(criteria.getExpression(), StandardCharsets.UTF_8).strip();
            if (project.isEmpty()) {
                throw CallStatus.INVALID_ARGUMENT.withDescription("BAD_REQUEST: give the project as the criteria"
                        + " expression").toRuntimeException();
            }
            caller(context).require(project, Role.READER);
            for (RecordedTrainingSet set : trainingSets.recorded(project, LISTED)) {
                Ticket replay = new Ticket(TrainingSetTicket.ofReplay(project, set.id()).toBytes());
                listener.onNext(new FlightInfo(new Schema(List.of()), FlightDescriptor.path(project, set.id()),
                        List.of(new FlightEndpoint(replay)), -1, set.rowCount()));
            }
            listener.onCompleted();
        } catch (RuntimeException e) {
            listener.onError(errors.of(e));
        }
    }
}
