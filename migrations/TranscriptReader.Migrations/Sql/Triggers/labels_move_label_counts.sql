-- Statement-level, so a merge of several sources locks all their label_counts rows at once, in id order.
CREATE OR REPLACE TRIGGER labels_move_label_counts AFTER UPDATE ON labels
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION labels_move_label_counts();
