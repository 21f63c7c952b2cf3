// Marks the page as one where JavaScript runs, as the inline snippet in the
// NHS.UK frontend 10 page template does. It is a file so that the Content
// Security Policy can be script-src 'self' with no inline script.
//
// Load it as a classic script (no defer, no type="module") as the first child
// of <body>, before any content, so styles apply without a flash:
//
//   <body>
//     <script src="{{static "js/init.js"}}"></script>
//
// NHS.UK frontend reads the classes on document.body: its CSS hides or shows
// parts with .nhsuk-frontend-supported, and initAll() does nothing unless the
// body has that class. 'noModule' in HTMLScriptElement.prototype is its test
// for a browser that runs ES modules.
document.body.className +=
  ' js-enabled' +
  ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');
