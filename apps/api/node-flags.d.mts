/** The Node and V8 flags of every start of the api server (see node-flags.mjs). */
export declare const API_NODE_FLAGS: readonly string[];
