-- Granary registry schema. Runs unchanged on PostgreSQL and on H2 in PostgreSQL mode
-- (MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH); jOOQ classes are generated from it.

-- One row per project; the row is also the lock that serializes applies of one project.
CREATE TABLE projects (
    name            VARCHAR(200)             NOT NULL,
    current_version INTEGER                  NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_projects PRIMARY KEY (name)
);

-- Every applied spec of a project: versions 1, 2, 3... A rollback is a new version.
CREATE TABLE registry_versions (
    project          VARCHAR(200)             NOT NULL,
    version          INTEGER                  NOT NULL,
    spec_json        TEXT                     NOT NULL,
    spec_hash        VARCHAR(64)              NOT NULL,
    author           VARCHAR(200)             NOT NULL,
    applied_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    diff_json        TEXT                     NOT NULL,
    message          VARCHAR(2000),
    rolled_back_from INTEGER,
    CONSTRAINT pk_registry_versions PRIMARY KEY (project, version),
    CONSTRAINT fk_registry_versions_project FOREIGN KEY (project) REFERENCES projects (name)
);

-- Materialization and export jobs (issue: jobs API).
CREATE TABLE jobs (
    id          VARCHAR(64)              NOT NULL,
    kind        VARCHAR(40)              NOT NULL,
    project     VARCHAR(200)             NOT NULL,
    status      VARCHAR(20)              NOT NULL,
    progress    DOUBLE PRECISION         NOT NULL DEFAULT 0,
    "rows"      BIGINT                   NOT NULL DEFAULT 0,
    message     VARCHAR(4000),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    result_json TEXT,
    CONSTRAINT pk_jobs PRIMARY KEY (id)
);
CREATE INDEX ix_jobs_project ON jobs (project, created_at);

-- The last end instant materialize-incremental reached, per view.
CREATE TABLE view_watermarks (
    project   VARCHAR(200)             NOT NULL,
    view_name VARCHAR(200)             NOT NULL,
    watermark TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_view_watermarks PRIMARY KEY (project, view_name)
);

-- Exported training sets (lineage: which spec version and features produced which file).
CREATE TABLE training_sets (
    id                 VARCHAR(64)              NOT NULL,
    project            VARCHAR(200)             NOT NULL,
    spec_version       INTEGER                  NOT NULL,
    features           TEXT                     NOT NULL,
    entity_fingerprint VARCHAR(128)             NOT NULL,
    row_count          BIGINT                   NOT NULL,
    output_path        VARCHAR(4000)            NOT NULL,
    created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_training_sets PRIMARY KEY (id)
);
CREATE INDEX ix_training_sets_project ON training_sets (project, created_at);

-- Statistics of one feature over a time range, for one spec version.
CREATE TABLE feature_statistics (
    project      VARCHAR(200)             NOT NULL,
    view_name    VARCHAR(200)             NOT NULL,
    feature      VARCHAR(200)             NOT NULL,
    spec_version INTEGER                  NOT NULL,
    stats_json   TEXT                     NOT NULL,
    range_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    range_end    TIMESTAMP WITH TIME ZONE NOT NULL,
    computed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_feature_statistics PRIMARY KEY (project, view_name, feature, spec_version)
);

-- How often a feature was exported to a training set or looked up online.
CREATE TABLE feature_usage (
    project   VARCHAR(200) NOT NULL,
    view_name VARCHAR(200) NOT NULL,
    feature   VARCHAR(200) NOT NULL,
    exports   BIGINT       NOT NULL DEFAULT 0,
    lookups   BIGINT       NOT NULL DEFAULT 0,
    CONSTRAINT pk_feature_usage PRIMARY KEY (project, view_name, feature)
);
