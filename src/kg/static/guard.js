/* kg: record script errors and blocked loads in the page, so a headless browser can read them. */
(function () {
  "use strict";
  var status = document.getElementById("kg-status");
  var list = document.getElementById("kg-errors");
  function record(kind, message) {
    var item = document.createElement("li");
    item.textContent = kind + ": " + message;
    list.appendChild(item);
    status.setAttribute("data-errors", String(list.children.length));
  }
  window.addEventListener("error", function (event) {
    record("error", event.message || String(event.error));
  });
  window.addEventListener("unhandledrejection", function (event) {
    record("rejection", String(event.reason));
  });
  document.addEventListener("securitypolicyviolation", function (event) {
    record("csp", event.violatedDirective + " " + event.blockedURI);
  });
  var consoleError = console.error;
  console.error = function () {
    record("console", Array.prototype.join.call(arguments, " "));
    return consoleError.apply(console, arguments);
  };
  window.kgRecordError = record;
  console.log("kg-start");
})();
