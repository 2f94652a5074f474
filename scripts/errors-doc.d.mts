/** A catalog's code -> when it happens and what to do. */
export type ErrorEntries = Readonly<
  Record<string, { readonly when: string; readonly fix: string }>
>;

export interface CatalogSource {
  /** The npm package the codes belong to. */
  readonly package: string;
  /** The package's folder, from the repository root. */
  readonly dir: string;
  /** The name of the table src/errors.ts exports. */
  readonly table: string;
  /** One line about where these errors come from. */
  readonly about: string;
}

export const CATALOGS: readonly CatalogSource[];

export function renderErrorsDoc(
  catalogs: ReadonlyArray<CatalogSource & { readonly entries: ErrorEntries }>,
): string;

/** The `table` object of a src/errors.ts, read with TypeScript's parser. */
export function readCatalog(file: string, table: string): ErrorEntries;

/** Every catalog of CATALOGS, read from its source. */
export function sourceCatalogs(): Array<CatalogSource & { entries: ErrorEntries }>;
