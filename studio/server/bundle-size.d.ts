/** The studio's first load: at most this much gzipped JavaScript before the first page renders (issue 12). */
export declare const FIRST_LOAD_BUDGET: number;
export interface BundleFile {
    file: string;
    bytes: number;
    gzip: number;
}
export interface BundleSize {
    /** The JavaScript `index.html` loads before the first page can render: its module script and modulepreloads. */
    eager: BundleFile[];
    /** Every JavaScript file of the build (the eager ones and the chunks loaded later). */
    all: BundleFile[];
    eagerGzip: number;
    totalGzip: number;
}
/** The `src`/`href` of the scripts and module preloads in a built `index.html` (what the browser fetches at once). */
export declare function eagerScripts(html: string): string[];
/** Gzipped sizes of a studio build (`dist/`): what the first load costs, against the whole. */
export declare function measureBundle(distDir: string): Promise<BundleSize>;
