// What a Kinetic app imports from the `kinetic` package at run time (`kinetic/server`).

export type { Assets, AssetsOptions } from './assets.js';
/** Client assets: hashed and cached for good after `kinetic build`, read fresh in dev. */
export { loadAssets } from './assets.js';
/** The build manifest the server reads. */
export type { Manifest } from './manifest.js';
export { MANIFEST_FILE, readManifest } from './manifest.js';
