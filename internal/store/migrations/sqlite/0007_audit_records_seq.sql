-- audit verify reads the record index a batch of entries at a time, by seq
-- range; without this index each batch would scan the whole table.
CREATE INDEX audit_records_seq ON audit_records (seq);
