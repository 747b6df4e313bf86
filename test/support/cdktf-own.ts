// eslint-disable-next-line @typescript-eslint/no-require-imports -- the module object, whose export the app replaces
import tokenResolution = require("cdktf/lib/tokens/private/resolve");

/** cdktf's own token resolution, as the package ships it: read by the jest setup before it puts the app's in its place. */
export const cdktfResolve = tokenResolution.resolve;
