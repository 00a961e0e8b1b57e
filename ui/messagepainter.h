#pragma once

#include <QStyleOptionViewItem>

class QPainter;

namespace RasaChat {

class ImageCache;
struct MessageLayout;

// Paints one transcript row from its layout, placed at option.rect's top: the bubble in the palette's
// transcript colours (TranscriptColors), its text, chips (spent ones greyed when !chipsEnabled), images
// (a placeholder while one loads, which starts loading it), cards, arrows and the time line. The text is
// left out while the row is being edited: the text viewer shows it then.
void paintMessage(QPainter *painter, const MessageLayout &layout, const QStyleOptionViewItem &option,
                  bool chipsEnabled, ImageCache *images);

} // namespace RasaChat
