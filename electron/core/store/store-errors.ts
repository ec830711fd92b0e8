/** The stored data could not be used. It was left alone or moved aside, never overwritten. */
export class DataFileError extends Error {
  constructor(
    message: string,
    readonly movedTo?: string,
  ) {
    super(message);
    this.name = 'DataFileError';
  }
}

/** The stored data was written by a newer Lanyard. */
export class NewerSchemaError extends DataFileError {
  constructor(where: string, found: number, known: number) {
    super(`Lanyard could not use ${where}: it was written by a newer Lanyard (schema ${found}; this version reads up to ${known}). Update Lanyard.`);
    this.name = 'NewerSchemaError';
  }
}

/** A loaded image does not have the shape this version expects. */
export class StoreShapeError extends DataFileError {
  constructor(where: string, problem: string) {
    super(`Lanyard could not use ${where}: the stored data does not have the expected structure (${problem}). Nothing was changed.`);
    this.name = 'StoreShapeError';
  }
}

/** The store was closed (Lanyard is stopping): no change is accepted. */
export class StoreClosedError extends Error {
  constructor() {
    super('the data store is closed');
    this.name = 'StoreClosedError';
  }
}
