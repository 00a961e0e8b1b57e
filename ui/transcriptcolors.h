#pragma once

#include <QColor>
#include <QList>

class QPalette;

namespace RasaChat {

// WCAG 2's contrast ratio of two colours, 1 to 21 (AA asks 4.5 for text).
double contrastRatio(const QColor &a, const QColor &b);
// `color`, moved towards black or white (whichever `against` is farther from) just enough to reach `ratio`
// against `against`; unchanged if it does already.
QColor withContrast(const QColor &color, const QColor &against, double ratio = 4.5);

// Every colour the transcript is painted in, derived from the palette, so that light, dark, high-contrast
// and style-sheet palettes all work. The delegate paints with these and nothing else; every text colour is
// adjusted to meet WCAG AA (4.5:1) against the background it is drawn on.
struct TranscriptColors
{
    QColor view;         // the transcript's background (Base)
    QColor userBubble;   // Highlight, darkened or lightened until its text reads
    QColor userText;     // HighlightedText
    QColor botBubble;    // Base tinted towards Text
    QColor botText;      // Text
    QColor botBorder;    // Mid, a line only
    QColor link;         // Link, in a bot bubble
    QColor meta;         // the time line, system notes, "Retry" uses `retry`
    QColor retry;        // Link on the view
    QColor card;         // a carousel card
    QColor cardTitle;    // Text on the card
    QColor cardSubtitle; // PlaceholderText on the card
    QColor chip;         // a button or quick reply that can be pressed
    QColor chipText;     // Highlight on it (also its border)
    QColor spentChip;    // one that no longer can (Window)
    QColor spentChipText;
    QColor placeholder; // an image not loaded yet
    QColor placeholderText;

    static TranscriptColors from(const QPalette &palette);

    // Each text colour with the background it is drawn on, named, for the contrast check.
    struct Pair
    {
        const char *what;
        QColor text;
        QColor background;
    };
    QList<Pair> textPairs() const;
};

} // namespace RasaChat
