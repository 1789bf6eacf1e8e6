/** Nothing global to release: each test file closes its own databases. */
export default async function globalTeardown() {}
