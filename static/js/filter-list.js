// A search box that narrows a long list of checkboxes as one types (a workshop's attendees in an
// office of hundreds). Without JavaScript the whole list shows. A ticked box always stays in view.
"use strict";

document.querySelectorAll("[data-filter-for]").forEach((box) => {
  const list = document.getElementById(box.dataset.filterFor);
  const input = box.querySelector("input");
  const status = box.querySelector("[role=status]");
  const items = Array.from(list.children);
  box.hidden = false;
  input.addEventListener("input", () => {
    const words = input.value.toLocaleLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    for (const item of items) {
      const text = item.textContent.toLocaleLowerCase();
      const ticked = item.querySelector("input:checked") !== null;
      item.hidden = !ticked && !words.every((word) => text.includes(word));
      if (!item.hidden) shown += 1;
    }
    status.textContent = words.length ? box.dataset.shown.replace("__COUNT__", shown) : "";
  });
});
