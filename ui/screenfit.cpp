#include "screenfit.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

namespace RasaChat {

namespace {
// The frame a window manager adds around a window (title bar, borders), which is not known before the
// window is shown; generous, so that the frame fits too.
constexpr QSize kFrameAllowance{16, 48};
} // namespace

void resizeToFit(QWidget *window, QSize wanted)
{
    QScreen *screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    if (!screen) {
        window->resize(wanted);
        return;
    }
    const QSize room = screen->availableGeometry().size() - kFrameAllowance;
    window->resize(wanted.boundedTo(room).expandedTo(window->minimumSize()));
}

} // namespace RasaChat
