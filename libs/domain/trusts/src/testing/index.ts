/**
 * Builders for tests and benches (`@vv/domain/trusts/testing`), kept out of the library's
 * public entry so production code never ships them; a lint rule refuses the import anywhere
 * but specs, test harnesses and benches.
 */
export * from './tenant-config.builder';
