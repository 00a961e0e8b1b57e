#pragma once

#include <QSize>

class QWidget;

namespace RasaChat {

// Resizes top-level `window` to `wanted`, or less where its screen's available area (at the current
// scale factor) is smaller, leaving room for the window frame: a first window never opens larger than
// the screen, with its bottom (the composer) out of reach.
void resizeToFit(QWidget *window, QSize wanted);

} // namespace RasaChat
