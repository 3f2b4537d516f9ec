import type { VersionName } from '../changes/index.ts';
import type { SecurityContext } from '../security/model.ts';
import type { ChangeKind, MetadataKind } from './kind.ts';

const isMetadataKind = (kind: ChangeKind): kind is MetadataKind => 'documentKey' in kind;

/**
 * The kinds of configuration a platform knows: the built-in ones and those plugins register. The
 * change runner asks it which versions a change bumps; documents, the published schemas, the
 * dependants checks and the audit trail's rights all come from it.
 */
export class KindRegistry {
  private readonly kinds = new Map<string, ChangeKind>();
  private ordered: MetadataKind[] | undefined;

  constructor(kinds: ChangeKind[] = []) {
    for (const kind of kinds) this.register(kind);
  }

  /** Adds a kind; a name or document key already taken fails loudly, naming both. */
  register(kind: ChangeKind): this {
    if (this.kinds.has(kind.name)) throw new Error(`The metadata kind "${kind.name}" is registered twice`);
    if (isMetadataKind(kind)) {
      const clash = this.metadataKinds().find((k) => k.documentKey === kind.documentKey);
      if (clash) throw new Error(`The document key "${kind.documentKey}" of the kind "${kind.name}" is already the kind "${clash.name}"'s`);
    }
    this.kinds.set(kind.name, kind);
    this.ordered = undefined;
    return this;
  }

  /** Takes a kind out (its plugin was uninstalled): documents no longer carry it; its stored items stay. */
  unregister(name: string): boolean {
    const had = this.kinds.delete(name);
    this.ordered = undefined;
    return had;
  }

  get(name: string): ChangeKind | undefined {
    return this.kinds.get(name);
  }

  versionsOf(name: string): readonly VersionName[] {
    return this.kinds.get(name)?.versions ?? [];
  }

  /** The kinds documents carry, in apply order: each after the kinds it names in `after`, else in registration order. */
  metadataKinds(): MetadataKind[] {
    if (this.ordered) return this.ordered;
    const all = [...this.kinds.values()].filter(isMetadataKind);
    const done = new Set<string>();
    const out: MetadataKind[] = [];
    const visit = (kind: MetadataKind, path: string[]) => {
      if (done.has(kind.name)) return;
      if (path.includes(kind.name)) throw new Error(`The metadata kinds ${[...path, kind.name].join(' → ')} come after each other`);
      for (const name of kind.after ?? []) {
        const before = all.find((k) => k.name === name);
        if (before) visit(before, [...path, kind.name]);
      }
      done.add(kind.name);
      out.push(kind);
    };
    for (const kind of all) visit(kind, []);
    this.ordered = out;
    return out;
  }

  byDocumentKey(key: string): MetadataKind | undefined {
    return this.metadataKinds().find((k) => k.documentKey === key);
  }

  /** Whether the holder of `rights` (absent: the system) may change a kind. */
  mayChange(kind: ChangeKind, rights: SecurityContext | undefined): boolean {
    if (!rights || rights.bypass) return true;
    return kind.capability !== 'admin' && rights.capabilities.has(kind.capability);
  }

  /** The kinds whose history the holder of `rights` may read: those they may change (or whose history capability they hold). */
  visibleKinds(rights: SecurityContext | undefined): string[] {
    return [...this.kinds.values()]
      .filter((k) => this.mayChange(k, rights) || (k.historyCapability !== undefined && rights!.capabilities.has(k.historyCapability)))
      .map((k) => k.name);
  }
}
