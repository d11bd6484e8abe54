// jsdom has no pointer capture; Radix Toast's swipe handling asks for it on every pointerup.
Element.prototype.hasPointerCapture ??= () => false;
Element.prototype.releasePointerCapture ??= () => {};
