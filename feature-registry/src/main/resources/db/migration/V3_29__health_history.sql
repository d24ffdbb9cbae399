-- The results of scheduled health checks (granary serve with monitoring.interval): one row per feature of a
-- feature service per check, worst status and PSI as columns (for the gauges and the charts), the feature's whole
-- health (measures, causes, both sides' statistics) as JSON. Written and pruned by HealthHistory alone; rows older
-- than monitoring.retention are deleted by the rounds that write new ones.
CREATE TABLE health_history (
    project          VARCHAR(200)             NOT NULL,
    service          VARCHAR(200)             NOT NULL,
    checked_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    feature          VARCHAR(401)             NOT NULL,
    check_mode       VARCHAR(10)              NOT NULL,
    reference_window VARCHAR(500)             NOT NULL,
    current_window   VARCHAR(500)             NOT NULL,
    status           VARCHAR(10)              NOT NULL,
    psi              DOUBLE PRECISION,
    health_json      TEXT                     NOT NULL,
    CONSTRAINT pk_health_history PRIMARY KEY (project, service, checked_at, feature)
);
CREATE INDEX ix_health_history_feature ON health_history (project, service, feature, checked_at);
CREATE INDEX ix_health_history_checked_at ON health_history (checked_at);
