-- What replays a training set, as JSON: the request as it was resolved (entity table or entity query, feature
-- references, options) and every input file with its fingerprint; null for sets recorded before replays existed.
ALTER TABLE training_sets ADD COLUMN request_json TEXT;
