-- What each change to the authorization state changed, one row per changed item, written in the
-- change's own transaction under the store generation it advanced to. A node applies the rows of
-- the generations it has not seen to its in-memory snapshot instead of reloading the whole store
-- (see SnapshotChanges). Old generations are pruned; pruned_through is the newest pruned one, and
-- a node that has not seen it reloads the whole store.
CREATE TABLE snapshot_changes (
    generation INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    item       TEXT NOT NULL,
    PRIMARY KEY (generation, kind, item)
);
ALTER TABLE store_generation ADD COLUMN pruned_through INTEGER NOT NULL DEFAULT 0;
