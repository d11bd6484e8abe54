/** One database connection, as the SQL store needs it. */
export interface SqlConnection {
  /** One parameterised statement. */
  query<Row>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
}

/**
 * What differs between PGlite and PostgreSQL: how a connection is held and how callers are
 * kept apart. Everything else — schema, migrations, queries — is shared SQL.
 */
export interface SqlDriver extends SqlConnection {
  /**
   * Runs `fn` on one connection while holding the lock `(scope, key)` against every other
   * holder of the same database.
   */
  withLock<T>(
    scope: string,
    key: string,
    fn: (connection: SqlConnection) => Promise<T>,
  ): Promise<T>;
  close(): Promise<void>;
}
