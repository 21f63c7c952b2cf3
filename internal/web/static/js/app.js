// Starts the NHS.UK frontend components (buttons, error summary focus,
// conditional radios and checkboxes, header menu, skip link and others).
// Load it with <script type="module" src="{{static "js/app.js"}}"></script>.
//
// The relative import resolves against this file's hashed URL, so the browser
// fetches /static/<hash of app.js>/nhsuk/nhsuk-frontend.min.js. The static
// handler serves any path it knows whatever the hash, without the immutable
// cache header when the hash is not the file's own.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js';

initAll();
