#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QPointer>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace RasaChat {

namespace {

const QString kSettingsKey = QStringLiteral("view/theme");

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x20, 0x21, 0x24);
    const QColor base(0x17, 0x18, 0x1a);
    const QColor text(0xe8, 0xea, 0xed);
    const QColor dimmed(0x9a, 0xa0, 0xa6);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x27, 0x2b));
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, dimmed);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x30, 0x31, 0x34));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x4a, 0x4c, 0x50));
    p.setColor(QPalette::Midlight, QColor(0x3c, 0x3e, 0x42));
    p.setColor(QPalette::Mid, QColor(0x5f, 0x63, 0x68));
    p.setColor(QPalette::Dark, QColor(0x10, 0x10, 0x12));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x1a, 0x5f, 0xb4));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x8a, 0xb4, 0xf8));
    p.setColor(QPalette::LinkVisited, QColor(0xc5, 0x8a, 0xf9));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, dimmed);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x3c, 0x3e, 0x42));
    return p;
}

QPalette highContrastPalette()
{
    // Black and white, with yellow and cyan for what is selected or can be followed, as the
    // high-contrast themes of desktops do.
    QPalette p(Qt::white, Qt::black);
    p.setColor(QPalette::Base, Qt::black);
    p.setColor(QPalette::AlternateBase, Qt::black);
    p.setColor(QPalette::Text, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0xe0, 0xe0, 0xe0));
    p.setColor(QPalette::Button, Qt::black);
    p.setColor(QPalette::ButtonText, Qt::white);
    p.setColor(QPalette::Highlight, QColor(0xff, 0xff, 0x00));
    p.setColor(QPalette::HighlightedText, Qt::black);
    p.setColor(QPalette::Link, QColor(0x00, 0xff, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xff, 0x80, 0xff));
    p.setColor(QPalette::Mid, Qt::white);
    p.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::ToolTipBase, Qt::black);
    p.setColor(QPalette::ToolTipText, Qt::white);
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0xc0, 0xc0, 0xc0));
    return p;
}

// What the application started with, to go back to for Theme::System.
struct Startup
{
    QString style;
    QPalette palette;
};
Theme g_current = Theme::System;

const Startup &startup()
{
    static const Startup s{QApplication::style()->name(), QApplication::palette()};
    return s;
}

} // namespace

std::optional<Theme> Themes::fromName(const QString &name)
{
    for (Theme t : all())
        if (Themes::name(t) == name)
            return t;
    return std::nullopt;
}

QString Themes::name(Theme theme)
{
    switch (theme) {
    case Theme::System:
        return QStringLiteral("system");
    case Theme::Light:
        return QStringLiteral("light");
    case Theme::Dark:
        return QStringLiteral("dark");
    case Theme::HighContrast:
        return QStringLiteral("high-contrast");
    }
    return {};
}

QString Themes::title(Theme theme)
{
    switch (theme) {
    case Theme::System:
        return tr("&System");
    case Theme::Light:
        return tr("&Light");
    case Theme::Dark:
        return tr("&Dark");
    case Theme::HighContrast:
        return tr("&High contrast");
    }
    return {};
}

QPalette Themes::palette(Theme theme)
{
    switch (theme) {
    case Theme::System:
        return startup().palette;
    case Theme::Light: {
        std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
        return fusion ? fusion->standardPalette() : QPalette(Qt::black, Qt::white);
    }
    case Theme::Dark:
        return darkPalette();
    case Theme::HighContrast:
        return highContrastPalette();
    }
    return {};
}

void Themes::apply(Theme theme)
{
    const Startup &s = startup();
    const QString style = theme == Theme::System ? s.style : QStringLiteral("Fusion");
    if (QApplication::style()->name().compare(style, Qt::CaseInsensitive) != 0)
        QApplication::setStyle(style);
    QApplication::setPalette(palette(theme));
    g_current = theme;
}

Theme Themes::current()
{
    return g_current;
}

Theme Themes::stored()
{
    return fromName(QSettings().value(kSettingsKey).toString()).value_or(Theme::System);
}

void Themes::store(Theme theme)
{
    QSettings().setValue(kSettingsKey, name(theme));
}

} // namespace RasaChat
