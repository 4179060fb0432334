// On a phone the menu is a row to swipe: start it at the current page's link.
(function () {
  var current = document.querySelector(".main-nav [aria-current='page']");
  var row = current && current.closest("ul");
  if (row && row.scrollWidth > row.clientWidth) {
    row.scrollLeft = current.parentElement.offsetLeft - row.offsetLeft - 8;
  }
})();
