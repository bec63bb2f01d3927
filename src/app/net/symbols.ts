// The bundled OpenMoji symbol set: one precached JSON asset (hashed, immutable), fetched
// once when a routine screen first needs it. Offline it comes from the service worker's
// precache like the rest of the app.
import catalogUrl from '../features/schedule/symbols/catalog.json?url';

export type CatalogSymbol = {
  code: string;
  category: string;
  labels: Record<string, string>;
  /** Optimised, self-contained SVG markup made by scripts/build-symbols.ts (trusted). */
  svg: string;
};
export type Catalog = { source: string; licence: string; symbols: CatalogSymbol[] };

let loading: Promise<Catalog> | null = null;
let loaded: { catalog: Catalog; byCode: Map<string, CatalogSymbol> } | null = null;

export function loadCatalog(): Promise<Catalog> {
  loading ??= fetch(catalogUrl)
    .then((r) => {
      if (!r.ok) throw new Error(`symbols: HTTP ${r.status}`);
      return r.json() as Promise<Catalog>;
    })
    .then((catalog) => {
      loaded = { catalog, byCode: new Map(catalog.symbols.map((s) => [s.code, s])) };
      return catalog;
    })
    .catch((error: unknown) => {
      loading = null; // try again next time
      throw error;
    });
  return loading;
}

/** After loadCatalog() resolved; undefined for a code not in the set. */
export function symbolByCode(code: string): CatalogSymbol | undefined {
  return loaded?.byCode.get(code);
}

export function catalogSymbols(): CatalogSymbol[] {
  return loaded?.catalog.symbols ?? [];
}
