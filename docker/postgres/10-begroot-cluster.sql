-- The service of the `cluster` profile keeps its read models apart from the single-node service's:
-- read models, checkpoints and the projection leader lock belong to one event store.
CREATE DATABASE begroot_cluster;
