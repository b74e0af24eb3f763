<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name></name>
    <message>
        <source>Actor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A state, organisation, alliance or person that acts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weapon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A weapon, weapon system or munition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commitment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A promise to deliver, pay for, sell or withhold something</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what sort of weapon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Donor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>who commits (pays, gives, sells)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recipient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>who receives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supplier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>who physically supplies, if not the donor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Item</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what is committed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>how many units</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what is counted (system, battery …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>monetary value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Currency</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ISO 4217 code, e.g. USD</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mechanism</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>how the item is provided</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>how far the commitment has got</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>when it was made or announced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>when it is due</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Condition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conditions attached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Certainty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>how sure the source is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reported by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>who reports the commitment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TEI with inline annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotation table (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotation table (JSON Lines)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plain text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commitments table (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commitments table (JSON Lines)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Entities table (CSV)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>brat standoff (.ann and .txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label Studio predictions (JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tags</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New from Text…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start annotating a plain-text article</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open an annotated TEI file or a text file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open another tool&apos;s annotations as a new document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the annotations for another tool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete Annotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected annotation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the next match of the find bar&apos;s text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the match before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the notes of a TEI document after their paragraph, or hide them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Existing &amp;Markup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Underline the names the TEI file already marks (persName, placeName …)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Original Spellings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the source&apos;s reading of a TEI &lt;choice&gt; (sic, orig, abbr) instead of the edited one (corr, reg, expan); reopens the document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotate Existing &amp;Markup…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turn the names the TEI file already marks into annotations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit &amp;Tagset…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add, rename and recolour tags, set their keys and define their attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Annotated &amp;Example</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sample article with every actor, weapon and commitment annotated: a model to learn from</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Annotator</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Annotate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Annotation &amp;List</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Entities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Attributes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Document Info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Tag Bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag as:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tag the selection as {tag}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (key {key})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a TEI document that marks up names ({elements}) first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This document has no names marked up ({elements})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Annotator</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
