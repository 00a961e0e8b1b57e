#pragma once

namespace RasaChat {

class TranscriptView;

// Screen-reader access to the transcript. The delegate paints messages and their buttons, so Qt's own
// item-view interface would offer each row as one cell with its raw text and nothing to press. This one
// offers the TranscriptView as a list of messages (role ListItem, named from the model's
// Qt::AccessibleTextRole: sender, the text as plain words, what else it carries, time, delivery), and in
// each message its buttons, quick replies, attachment link and "Retry" as children with a press action.
// Child i of the list is row i, as QListView's own focus and selection events number them.

// Registers the interface factory with QAccessible (once; TranscriptView calls it).
void installTranscriptAccessibility();

// Tells assistive technology that the message in `row` has just arrived. Qt 6.4 has no announcement
// event (QAccessibleAnnouncementEvent came in 6.8), so the new item sends ObjectShow and Alert, the
// events screen readers already act on for content that appears.
void announceMessage(TranscriptView *view, int row);

} // namespace RasaChat
