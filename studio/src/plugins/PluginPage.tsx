import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, dataApi } from '../api/graphql.ts';
import { useObjects } from '../api/metadata.ts';
import { labelIn, usePlugins, type StudioBlock } from './api.ts';

/** A value as a table cell shows it: text as is, anything else as compact JSON. */
const cell = (value: unknown) => (value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** Rows (an array of objects) as a table; anything else as formatted JSON. */
function ResultView({ value, label }: { value: unknown; label: string }) {
  if (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && !Array.isArray(v))) {
    const columns = [...new Set(value.flatMap((v) => Object.keys(v as object)))];
    return (
      <table aria-label={label}>
        <thead><tr>{columns.map((c) => <th key={c} scope="col">{c}</th>)}</tr></thead>
        <tbody>{value.map((row, i) => <tr key={i}>{columns.map((c) => <td key={c}>{cell((row as Record<string, unknown>)[c])}</td>)}</tr>)}</tbody>
      </table>
    );
  }
  return <pre aria-label={label}>{JSON.stringify(value, null, 2)}</pre>;
}

function QueryBlock({ block }: { block: Extract<StudioBlock, { type: 'query' }> }) {
  const { t, i18n } = useTranslation();
  const result = useQuery({
    queryKey: ['plugin-query', block.query, block.input],
    queryFn: async () => (await dataApi<Record<string, unknown>>(`query PluginBlock($input: JSON) { result: ${block.query}(input: $input) }`, { input: block.input ?? null })).result,
  });
  const title = labelIn(block.title, i18n.language) || block.query;
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {result.isPending ? <p role="status">{t('loading')}</p>
        : result.error ? <p role="alert">{result.error instanceof ApiError ? result.error.message : String(result.error)}</p>
          : <ResultView value={result.data} label={title} />}
    </section>
  );
}

function RecordsBlock({ block }: { block: Extract<StudioBlock, { type: 'records' }> }) {
  const { t, i18n } = useTranslation();
  const objects = useObjects();
  const object = objects.data?.find((o) => o.name === block.object);
  const fields = (block.fields ?? object?.fields.slice(0, 4).map((f) => f.name) ?? []).filter((f) => object?.fields.some((x) => x.name === f && !x.target));
  const result = useQuery({
    enabled: Boolean(object),
    queryKey: ['plugin-records', block.object, fields],
    queryFn: async () => (await dataApi<Record<string, { nodes: Record<string, unknown>[] }>>(`{ list: ${object!.api.many}(first: 20) { nodes { id ${fields.join(' ')} } } }`)).list.nodes,
  });
  const title = labelIn(block.title, i18n.language) || object?.pluralLabel || block.object;
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      {!objects.data || result.isPending ? <p role="status">{t('loading')}</p>
        : result.error ? <p role="alert">{String((result.error as Error).message)}</p>
          : <ResultView value={result.data} label={title} />}
    </section>
  );
}

/** A page a plugin declares (`/x/<plugin>/<page>`): its blocks, rendered by the studio (plugins ship no browser code). */
export function PluginPage() {
  const { t, i18n } = useTranslation();
  const { plugin: pluginName, page: pagePath } = useParams();
  const plugins = usePlugins();
  if (plugins.isPending) return <p role="status">{t('loading')}</p>;
  const plugin = plugins.data?.find((p) => p.name === pluginName);
  const page = plugin?.studio.pages?.find((p) => p.path === pagePath);
  if (!plugin || !page) return <p>{t('notFound')}</p>;
  return (
    <div className="plugin-page">
      <h1>{labelIn(page.title, i18n.language)}</h1>
      <p className="plugin-page-source">{labelIn(plugin.label, i18n.language)} {plugin.version}</p>
      {page.blocks.map((block, i) => {
        if (block.type === 'text') return <p key={i}>{labelIn(block.text, i18n.language)}</p>;
        if (block.type === 'query') return <QueryBlock key={i} block={block} />;
        return <RecordsBlock key={i} block={block} />;
      })}
    </div>
  );
}
