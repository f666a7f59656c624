package io.complianceconnect.groups.verify;

import java.io.PrintStream;

/**
 * {@code bin/verify-replica}: does the replica on the compacted topics match the directory checksum
 * of the latest SWEEP_COMPLETED? Prints the report on stdout and exits with the verdict's code
 * ({@link VerifyOptions#USAGE} lists them).
 */
public final class VerifyReplicaMain {

    static final int USAGE_OR_READ_ERROR = 4;

    private VerifyReplicaMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns its exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        VerifyOptions options;
        try {
            options = VerifyOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("verify-replica: " + e.getMessage());
            err.print(VerifyOptions.USAGE);
            return USAGE_OR_READ_ERROR;
        }
        if (options.help()) {
            out.print(VerifyOptions.USAGE);
            return 0;
        }
        ValueDecoder decoder = options.schemaRegistryUrl() == null
                ? new JsonValueDecoder() : new AvroValueDecoder(options.schemaRegistryUrl());
        try (TopicReader reader = new TopicReader(options.bootstrapServer(), options.consumerProperties(),
                options.timeout())) {
            // The sweeps topic first: the data topics are then read to ends at least as recent as the event.
            ReplicaVerifier.Topic sweeps = topic(reader, options.sweepsTopic());
            ReplicaVerifier.Topic groups = topic(reader, options.groupsTopic());
            ReplicaVerifier.Topic members = topic(reader, options.membersTopic());
            ReplicaVerifier.Verdict verdict = new ReplicaVerifier(decoder, options.connector())
                    .verify(groups, members, sweeps);
            verdict.report().forEach(out::println);
            return verdict.outcome().exitCode;
        } catch (RuntimeException e) {
            err.println("verify-replica: " + e.getMessage());
            return USAGE_OR_READ_ERROR;
        }
    }

    private static ReplicaVerifier.Topic topic(TopicReader reader, String name) {
        return new ReplicaVerifier.Topic(name, reader.readAll(name));
    }
}
