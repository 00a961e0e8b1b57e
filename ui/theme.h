#pragma once

#include <QCoreApplication>
#include <QString>
#include <optional>

class QPalette;

namespace RasaChat {

// The app's colours: the system's palette (what the platform theme gives, light or dark), or one of ours.
enum class Theme { System, Light, Dark, HighContrast };

class Themes
{
    Q_DECLARE_TR_FUNCTIONS(RasaChat::Themes)
public:
    // "system", "light", "dark", "high-contrast"; nullopt for anything else.
    static std::optional<Theme> fromName(const QString &name);
    static QString name(Theme theme);
    // As a menu shows it.
    static QString title(Theme theme);
    static QList<Theme> all() { return {Theme::System, Theme::Light, Theme::Dark, Theme::HighContrast}; }

    static QPalette palette(Theme theme);
    // Gives the application `theme`'s palette (with the Fusion style, which follows any palette);
    // Theme::System puts back the style and palette the application started with.
    static void apply(Theme theme);
    // The theme apply() gave last (System before any).
    static Theme current();
    // The theme stored in QSettings (key "view/theme"), System if none.
    static Theme stored();
    static void store(Theme theme);
};

} // namespace RasaChat
