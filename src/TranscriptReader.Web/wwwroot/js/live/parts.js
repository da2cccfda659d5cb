// The elements of the transcript page that a live update replaces: the shared part (Pages/Transcripts/
// _Reader.cshtml: the text with highlights and the sidebar, the taggings and labels JSON) and the
// request's own JSON (tr-page: versions, own votes). Pure data, shared by swap.js and its tests.
export const readerPartIds = ["reader", "tr-taggings", "tr-labels", "tr-page"];
