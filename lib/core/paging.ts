/**
 * The most rows one page of any listing returns (contacts, segments, segment lines, log entries):
 * "Return All" reads page after page of this size, so memory per round trip stays bounded.
 */
export const MAX_PAGE_SIZE = 1000;
