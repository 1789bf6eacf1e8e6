// tsc emits the JavaScript and the codex files (nodes/**/*.node.json are in its include); this copies
// what it does not emit and n8n reads next to it: the icons.
const { src, dest } = require('gulp');

function copyIcons() {
	return src(['icons/**/*.{svg,png}', 'nodes/**/*.{svg,png}', 'credentials/**/*.{svg,png}'], {
		base: '.',
		encoding: false,
	}).pipe(dest('dist'));
}

exports['build:assets'] = copyIcons;
