#include "transcriptcolors.h"

#include <QPalette>
#include <cmath>

namespace RasaChat {

namespace {

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

// WCAG 2's relative luminance.
double luminance(const QColor &c)
{
    const QColor rgb = c.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) + 0.0722 * channel(rgb.blueF());
}

QColor mix(const QColor &a, const QColor &b, double t)
{
    const QColor x = a.toRgb();
    const QColor y = b.toRgb();
    return QColor::fromRgbF(float(x.redF() + (y.redF() - x.redF()) * t),
                            float(x.greenF() + (y.greenF() - x.greenF()) * t),
                            float(x.blueF() + (y.blueF() - x.blueF()) * t));
}

// A colour painted over `background` with its alpha, as the eye sees it.
QColor opaque(const QColor &color, const QColor &background)
{
    return color.alpha() == 255 ? color.toRgb() : mix(background, color, color.alphaF());
}

} // namespace

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor withContrast(const QColor &color, const QColor &against, double ratio)
{
    QColor c = opaque(color, against);
    if (contrastRatio(c, against) >= ratio)
        return c;
    // Towards the end of the scale that is farther from the background, in small steps.
    const QColor target = luminance(against) > 0.18 ? QColor(Qt::black) : QColor(Qt::white);
    for (int step = 1; step <= 20; ++step) {
        const QColor next = mix(c, target, step / 20.0);
        if (contrastRatio(next, against) >= ratio)
            return next;
    }
    return target;
}

TranscriptColors TranscriptColors::from(const QPalette &pal)
{
    TranscriptColors c;
    c.view = pal.color(QPalette::Base);
    c.userText = pal.color(QPalette::HighlightedText);
    // The bubble gives way rather than the text: the user's own colour stays recognisable.
    c.userBubble = withContrast(pal.color(QPalette::Highlight), c.userText);
    c.botBubble = mix(c.view, pal.color(QPalette::Text), 0.06);
    c.botText = withContrast(pal.color(QPalette::Text), c.botBubble);
    c.botBorder = pal.color(QPalette::Mid);
    c.link = withContrast(pal.color(QPalette::Link), c.botBubble);
    c.meta = withContrast(pal.color(QPalette::PlaceholderText), c.view);
    c.retry = withContrast(pal.color(QPalette::Link), c.view);
    c.card = c.view;
    c.cardTitle = withContrast(pal.color(QPalette::Text), c.card);
    c.cardSubtitle = withContrast(pal.color(QPalette::PlaceholderText), c.card);
    c.chip = c.view;
    c.chipText = withContrast(pal.color(QPalette::Highlight), c.chip);
    c.spentChip = pal.color(QPalette::Window);
    c.spentChipText = withContrast(pal.color(QPalette::PlaceholderText), c.spentChip);
    c.placeholder = mix(c.view, pal.color(QPalette::Text), 0.12);
    c.placeholderText = withContrast(pal.color(QPalette::PlaceholderText), c.placeholder);
    return c;
}

QList<TranscriptColors::Pair> TranscriptColors::textPairs() const
{
    return {{"your message", userText, userBubble},
            {"bot message", botText, botBubble},
            {"link in a bot message", link, botBubble},
            {"time line, system note", meta, view},
            {"Retry", retry, view},
            {"card title", cardTitle, card},
            {"card subtitle", cardSubtitle, card},
            {"button, quick reply", chipText, chip},
            {"spent button", spentChipText, spentChip},
            {"image placeholder", placeholderText, placeholder}};
}

} // namespace RasaChat
