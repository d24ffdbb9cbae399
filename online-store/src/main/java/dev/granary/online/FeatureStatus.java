package dev.granary.online;

/** The status of one feature value in an online read (the names Feast's feature server returns). */
public enum FeatureStatus {
    /** A value is stored and within the view's TTL. */
    PRESENT,
    /** Nothing is stored for this entity and feature. */
    NOT_FOUND,
    /** A null was stored (the source row had no value). */
    NULL_VALUE,
    /** A value is stored but older than the view's TTL at read time; the value is returned as null. */
    OUTSIDE_MAX_AGE
}
