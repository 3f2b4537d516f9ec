import type pg from 'pg';
/**
 * Creates the import's staging table and fills it with the file's data rows by one binary-speed
 * `COPY … FROM STDIN` (pg-copy-streams), as they are parsed: the file is never whole in memory.
 * Returns the header and the number of data rows. In `db`'s transaction: a file that fails half
 * way leaves no table and no row behind.
 */
export declare function stage(db: pg.PoolClient, schema: string, id: string, rows: AsyncIterable<string[]>, maxRows: number): Promise<{
    headers: string[];
    count: number;
}>;
