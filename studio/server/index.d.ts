/** The studio as the server sees it: a folder of built files, and a build when the sources are newer. */
export interface StudioAssets {
    /** The folder `index.html` and `assets/` are served from. */
    dir: string;
    /** Resolves when the folder holds a build of the current sources (builds it first if needed). */
    ready: Promise<void>;
    /** Whether `ready` has resolved. */
    isReady(): boolean;
}
export declare const studioDistDir: string;
/** True when there is no build, or a source file changed after it. */
export declare function studioIsStale(): boolean;
/** Builds the studio with Vite into `studio/dist` (once per process, and only when stale). */
export declare function buildStudio(options?: {
    force?: boolean;
}): Promise<void>;
/** The studio for the server: ready at once when built, else built in the background while the server answers. */
export declare function prepareStudio(onError?: (error: unknown) => void): StudioAssets;
