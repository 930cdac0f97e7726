// Mark one batch committed, inside the batch's own transaction: a batch is
// either written and marked, or neither.
CREATE (:LoadBatch {load: $load, index: $batch})
