CREATE OR REPLACE TRIGGER labels_create_label_counts AFTER INSERT ON labels
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_create_label_counts();
