/**
 * The ideal SQL of each workload: PostgreSQL builds the whole response JSON, in the same shape the
 * GraphQL APIs answer (`{"data": …}`), and node sends the text as is.
 */
const node = (s: string) => `json_build_object(
  'id', l."id", 'name', l."name", 'phone', l."phone", 'status', l."status", 'score', l."score", 'createdAt', l."createdAt",
  'account', (SELECT json_build_object('name', a."name", 'industry', a."industry") FROM ${s}."account" a WHERE a."id" = l."account" AND a."deletedAt" IS NULL))`;

/** $1 status, $2 source, $3 first. */
export const listSql = (s: string) => `
SELECT json_build_object('data', json_build_object('leads', json_build_object('edges',
  coalesce(json_agg(json_build_object('node', ${node(s)}) ORDER BY l."createdAt" DESC, l."id" DESC), '[]'))))::text
FROM (SELECT * FROM ${s}."lead" WHERE "status" = $1 AND "source" = $2 AND "deletedAt" IS NULL
      ORDER BY "createdAt" DESC, "id" DESC LIMIT $3) l`;

/** $1 id. */
export const byIdSql = (s: string) => `
SELECT json_build_object('data', json_build_object('lead',
  (SELECT ${node(s)} FROM ${s}."lead" l WHERE l."id" = $1 AND l."deletedAt" IS NULL)))::text`;

/** $1 the request body as text: `{"data": [{name, phone, status, source, score, account}, …]}`. */
export const bulkSql = (s: string) => `
WITH created AS (
  INSERT INTO ${s}."lead" ("name", "phone", "status", "source", "score", "account")
  SELECT "name", "phone", "status", "source", "score", "account"
  FROM json_to_recordset($1::json -> 'data') AS r("name" text, "phone" text, "status" text, "source" text, "score" integer, "account" uuid)
  RETURNING "id"
)
SELECT json_build_object('data', json_build_object('createLeads', coalesce(json_agg(json_build_object('id', "id")), '[]')))::text FROM created`;
