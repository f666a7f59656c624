package io.complianceconnect.groups.state;

/**
 * A stored offset in a format newer than this version of the connector reads: a newer version's
 * task wrote it (a rolling upgrade not finished, or a rollback). Told apart from other unreadable
 * offsets because the remedy differs: the newer version on every worker, not an offset reset, which
 * would cost a whole snapshot.
 */
public final class NewerOffsetsException extends IllegalArgumentException {

    NewerOffsetsException(String message) {
        super(message);
    }
}
