// The public search runs on an in-memory copy of the small fields of every workshop.
// Why: FerretDB 1.x (the embedded database) pushes no filter but _id equality down to SQLite, so
// every search, sort and count reads and decodes the whole collection (measured: ~0.25 ms a
// document, seconds for a province of 20,000). A compact index in memory answers in milliseconds on
// FerretDB and MongoDB alike. Writes in this process refresh the changed entry at once (model hooks);
// other instances pick up changes on the periodic reload (SEARCH_REFRESH_MS).
import { WorkshopModel, workshopChanges, type Workshop } from '../models/Workshop';
import { searchKey, type SearchKey } from './pinyin';

export type IndexedWorkshop = Pick<Workshop,
  'name' | 'namePinyin' | 'nameInitials' | 'region' | 'regionName' | 'categories' | 'status' | 'certificate' | 'riskGrade' | 'badges' | 'lastInspectionAt' | 'keyArea'
> & { _id: unknown; updatedAt?: Date };

const FIELDS = { name: 1, namePinyin: 1, nameInitials: 1, region: 1, regionName: 1, categories: 1, status: 1, certificate: 1, riskGrade: 1, badges: 1, lastInspectionAt: 1, keyArea: 1, updatedAt: 1 } as const;

export class WorkshopIndex {
  private entries = new Map<string, IndexedWorkshop>();
  /** Search keys by name (~70 µs each to build): kept across reloads, pruned to the current names. */
  private keys = new Map<string, SearchKey>();
  private byPinyin: IndexedWorkshop[] | null = null;
  private loadedAt = 0;
  private loaded = false;
  private reloadAll = true;
  private readonly changed = new Set<string>();
  private loading: Promise<void> | null = null;
  private readonly onChange = (id: string | null) => {
    if (id) this.changed.add(id);
    else this.reloadAll = true;
  };

  constructor(private readonly refreshMs: number) {
    workshopChanges.on('change', this.onChange);
  }

  close() {
    workshopChanges.off('change', this.onChange);
  }

  /** All entries sorted by pinyin then id: the stable order every list starts from. */
  async all(): Promise<IndexedWorkshop[]> {
    await this.ready();
    if (!this.byPinyin) {
      this.byPinyin = [...this.entries.values()].sort((a, b) => a.namePinyin.localeCompare(b.namePinyin) || String(a._id).localeCompare(String(b._id)));
    }
    return this.byPinyin;
  }

  /** The normalised name and per-character readings the search compares a query with. */
  keyOf(w: Pick<IndexedWorkshop, 'name'>): SearchKey {
    let k = this.keys.get(w.name);
    if (!k) this.keys.set(w.name, (k = searchKey(w.name)));
    return k;
  }

  private async ready(): Promise<void> {
    if (!this.loaded || this.reloadAll) {
      await this.fullLoad();
      return;
    }
    if (this.changed.size) {
      const ids = [...this.changed];
      this.changed.clear();
      // Equality on _id is the one lookup FerretDB pushes down: one by one is fast.
      const docs = await Promise.all(ids.map((id) => WorkshopModel.findById(id, FIELDS).lean<IndexedWorkshop>()));
      ids.forEach((id, i) => (docs[i] ? this.entries.set(id, docs[i]!) : this.entries.delete(id)));
      this.byPinyin = null;
    }
    if (Date.now() - this.loadedAt > this.refreshMs && !this.loading) {
      void this.fullLoad().catch(() => undefined); // stale-while-revalidate: other instances' writes
    }
  }

  private fullLoad(): Promise<void> {
    this.loading ??= (async () => {
      this.reloadAll = false;
      this.changed.clear();
      const docs = await WorkshopModel.find({}, FIELDS).lean<IndexedWorkshop[]>();
      // Build the missing search keys in slices, so a first load of a province (about 1.5 s of
      // pinyin for 20,000 names) never holds the event loop for long.
      const names = new Set(docs.map((d) => d.name));
      for (const name of this.keys.keys()) if (!names.has(name)) this.keys.delete(name);
      let built = 0;
      for (const name of names) {
        if (this.keys.has(name)) continue;
        this.keys.set(name, searchKey(name));
        if (++built % 200 === 0) await new Promise((r) => setImmediate(r));
      }
      this.entries = new Map(docs.map((d) => [String(d._id), d]));
      this.byPinyin = null;
      this.loaded = true;
      this.loadedAt = Date.now();
    })().finally(() => { this.loading = null; });
    return this.loading;
  }
}
