// Second minifying pass over the TeaVM output: node minify.js TERSER_BUNDLE SCRIPT
//
// TeaVM's minifier renames the compiled Java but leaves the local names of its own runtime (cls, data,
// superclass, ...) and some dead code; terser renames and compresses all of it. The file is rewritten in place:
// it is the one the server serves and ScriptBudgetTest measures.
//
// terser's bundle (from its webjar) is loaded as a plain script so that it does not ask for the source-map
// module, which only source maps need.
'use strict';
const fs = require('fs');
const vm = require('vm');

const [bundle, script] = process.argv.slice(2);
vm.runInThisContext(fs.readFileSync(bundle, 'utf8'), { filename: bundle });
const source = fs.readFileSync(script, 'utf8');
globalThis.Terser.minify(source, {
    ecma: 2015,
    compress: { passes: 2 },
    mangle: true,
    toplevel: false, // keeps the exports start and onEvent, which the server's wrapper and the page glue call
}).then(result => {
    fs.writeFileSync(script, result.code);
    console.log(`crec.js: ${source.length} -> ${result.code.length} characters (terser)`);
}, error => {
    console.error(error);
    process.exit(1);
});
