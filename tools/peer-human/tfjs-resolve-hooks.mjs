// Module resolution for Human's "nobundle" build in Node without native or WASM TensorFlow.js:
// - the build imports each tfjs package by its ESM entry `<pkg>/dist/index.js`, which is written for
//   bundlers (extension-less relative imports); the package's own Node entry (CommonJS) is used instead;
// - the WebGL, WASM and WebGPU backends are not installed and not needed for the CPU backend, so their
//   imports resolve to an empty module.
export async function resolve(specifier, context, next) {
  if (/^@tensorflow\/tfjs-backend-(wasm|webgpu|webgl)(\/|$)/.test(specifier)) {
    return { url: 'data:text/javascript,export {};', shortCircuit: true };
  }
  const entry = /^(@tensorflow\/tfjs-[a-z-]+)\/dist\/index\.js$/.exec(specifier);
  return next(entry ? entry[1] : specifier, context);
}
