<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message numerus="yes">
        <source>Added “{text}” to {tag} “{annotation}” (%Ln range(s))</source>
        <translation>
            <numerusform>Added “{text}” to {tag} “{annotation}” (%Ln range)</numerusform>
            <numerusform>Added “{text}” to {tag} “{annotation}” (%Ln ranges)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> and cleared %Ln reference(s) to it (Ctrl+Z restores both)</source>
        <translation>
            <numerusform> and cleared %Ln reference to it (Ctrl+Z restores both)</numerusform>
            <numerusform> and cleared %Ln references to it (Ctrl+Z restores both)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>• … and %Ln more</source>
        <translation>
            <numerusform>• … and %Ln more</numerusform>
            <numerusform>• … and %Ln more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %Ln annotation(s) of removed tags deleted</source>
        <translation>
            <numerusform>; %Ln annotation of removed tags deleted</numerusform>
            <numerusform>; %Ln annotations of removed tags deleted</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; values no longer allowed dropped from %Ln annotation(s)</source>
        <translation>
            <numerusform>; values no longer allowed dropped from %Ln annotation</numerusform>
            <numerusform>; values no longer allowed dropped from %Ln annotations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Added %Ln annotation(s) from the file&apos;s markup (Ctrl+Z takes them all back)</source>
        <translation>
            <numerusform>Added %Ln annotation from the file&apos;s markup (Ctrl+Z takes them all back)</numerusform>
            <numerusform>Added %Ln annotations from the file&apos;s markup (Ctrl+Z takes them all back)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> — %Ln entities that nothing else names went too</source>
        <translation>
            <numerusform> — %Ln entities that nothing else names went too</numerusform>
            <numerusform> — %Ln entities that nothing else names went too</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> with %Ln annotation(s)</source>
        <translation>
            <numerusform> with %Ln annotation</numerusform>
            <numerusform> with %Ln annotations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Opened the annotated example: %Ln annotation(s). Click a commitment to see its fields and links; Save keeps your own copy.</source>
        <translation>
            <numerusform>Opened the annotated example: %Ln annotation. Click a commitment to see its fields and links; Save keeps your own copy.</numerusform>
            <numerusform>Opened the annotated example: %Ln annotations. Click a commitment to see its fields and links; Save keeps your own copy.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln mention(s): click to show it in the Entities panel</source>
        <translation>
            <numerusform>%Ln mention: click to show it in the Entities panel</numerusform>
            <numerusform>%Ln mentions: click to show it in the Entities panel</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %Ln mention(s)</source>
        <translation>
            <numerusform>, %Ln mention</numerusform>
            <numerusform>, %Ln mentions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Only the %Ln nearest are listed: pick others in the text</source>
        <translation>
            <numerusform>Only the %Ln nearest are listed: pick others in the text</numerusform>
            <numerusform>Only the %Ln nearest are listed: pick others in the text</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln annotation(s), </source>
        <translation>
            <numerusform>%Ln annotation, </numerusform>
            <numerusform>%Ln annotations, </numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unsaved change(s); Ctrl+S keeps them</source>
        <translation>
            <numerusform>%Ln unsaved change; Ctrl+S keeps them</numerusform>
            <numerusform>%Ln unsaved changes; Ctrl+S keeps them</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>&lt;b&gt;Annotator stopped without saving your work.&lt;/b&gt;&lt;br&gt;Unsaved changes to %n document(s) can be restored:</source>
        <translation>
            <numerusform>&lt;b&gt;Annotator stopped without saving your work.&lt;/b&gt;&lt;br&gt;Unsaved changes to %n document can be restored:</numerusform>
            <numerusform>&lt;b&gt;Annotator stopped without saving your work.&lt;/b&gt;&lt;br&gt;Unsaved changes to %n documents can be restored:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unsaved change(s)</source>
        <translation>
            <numerusform>%Ln unsaved change</numerusform>
            <numerusform>%Ln unsaved changes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete the changes to %Ln documents for good?</source>
        <translation>
            <numerusform>Delete the changes to %Ln documents for good?</numerusform>
            <numerusform>Delete the changes to %Ln documents for good?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln mention(s)</source>
        <translation>
            <numerusform>%Ln mention</numerusform>
            <numerusform>%Ln mentions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln entity/entities</source>
        <translation>
            <numerusform>%Ln entity</numerusform>
            <numerusform>%Ln entities</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln unused</source>
        <translation>
            <numerusform>%Ln unused</numerusform>
            <numerusform>%Ln unused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln entity/entities that nothing mentions or refers to?</source>
        <translation>
            <numerusform>Delete %Ln entity that nothing mentions or refers to?</numerusform>
            <numerusform>Delete %Ln entities that nothing mentions or refers to?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“{kept}” is kept: the %Ln mention(s) of the other move to it, with any references to it, and it is deleted.</source>
        <translation>
            <numerusform>“{kept}” is kept: the %Ln mention of the other move to it, with any references to it, and it is deleted.</numerusform>
            <numerusform>“{kept}” is kept: the %Ln mentions of the other move to it, with any references to it, and it is deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>“{kept}” is kept: the %Ln mention(s) of the others move to it, with any references to them, and they are deleted.</source>
        <translation>
            <numerusform>“{kept}” is kept: the %Ln mention of the others move to it, with any references to them, and they are deleted.</numerusform>
            <numerusform>“{kept}” is kept: the %Ln mentions of the others move to it, with any references to them, and they are deleted.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>its %Ln mention(s) stay annotations but are unlinked</source>
        <translation>
            <numerusform>its %Ln mention stay annotations but are unlinked</numerusform>
            <numerusform>its %Ln mentions stay annotations but are unlinked</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln reference(s) to it ({references}) cleared</source>
        <translation>
            <numerusform>%Ln reference to it ({references}) cleared</numerusform>
            <numerusform>%Ln references to it ({references}) cleared</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln heading(s)</source>
        <translation>
            <numerusform>%Ln heading</numerusform>
            <numerusform>%Ln headings</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln title line(s)</source>
        <translation>
            <numerusform>%Ln title line</numerusform>
            <numerusform>%Ln title lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln paragraph(s)</source>
        <translation>
            <numerusform>%Ln paragraph</numerusform>
            <numerusform>%Ln paragraphs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln verse line(s)</source>
        <translation>
            <numerusform>%Ln verse line</numerusform>
            <numerusform>%Ln verse lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln speech(es)</source>
        <translation>
            <numerusform>%Ln speech</numerusform>
            <numerusform>%Ln speeches</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln stage direction(s)</source>
        <translation>
            <numerusform>%Ln stage direction</numerusform>
            <numerusform>%Ln stage directions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln list item(s)</source>
        <translation>
            <numerusform>%Ln list item</numerusform>
            <numerusform>%Ln list items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln table cell(s)</source>
        <translation>
            <numerusform>%Ln table cell</numerusform>
            <numerusform>%Ln table cells</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln note paragraph(s)</source>
        <translation>
            <numerusform>%Ln note paragraph</numerusform>
            <numerusform>%Ln note paragraphs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln label(s)</source>
        <translation>
            <numerusform>%Ln label</numerusform>
            <numerusform>%Ln labels</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln quotation(s)</source>
        <translation>
            <numerusform>%Ln quotation</numerusform>
            <numerusform>%Ln quotations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln line(s)</source>
        <translation>
            <numerusform>%Ln line</numerusform>
            <numerusform>%Ln lines</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln page break(s)</source>
        <translation>
            <numerusform>%Ln page break</numerusform>
            <numerusform>%Ln page breaks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln column break(s)</source>
        <translation>
            <numerusform>%Ln column break</numerusform>
            <numerusform>%Ln column breaks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln gap(s)</source>
        <translation>
            <numerusform>%Ln gap</numerusform>
            <numerusform>%Ln gaps</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln running head(s)</source>
        <translation>
            <numerusform>%Ln running head</numerusform>
            <numerusform>%Ln running heads</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln milestone(s)</source>
        <translation>
            <numerusform>%Ln milestone</numerusform>
            <numerusform>%Ln milestones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln note(s)</source>
        <translation>
            <numerusform>%Ln note</numerusform>
            <numerusform>%Ln notes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %Ln annotation(s) from {name}; Save writes it as TEI</source>
        <translation>
            <numerusform>Imported %Ln annotation from {name}; Save writes it as TEI</numerusform>
            <numerusform>Imported %Ln annotations from {name}; Save writes it as TEI</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{name} holds %Ln documents. Annotator opens one at a time: which one?</source>
        <translation>
            <numerusform>{name} holds %Ln documents. Annotator opens one at a time: which one?</numerusform>
            <numerusform>{name} holds %Ln documents. Annotator opens one at a time: which one?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln annotation(s)</source>
        <translation>
            <numerusform>%Ln annotation</numerusform>
            <numerusform>%Ln annotations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s) added</source>
        <translation>
            <numerusform>%Ln document added</numerusform>
            <numerusform>%Ln documents added</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln skipped: the corpus has their text already</source>
        <translation>
            <numerusform>%Ln skipped: the corpus has its text already</numerusform>
            <numerusform>%Ln skipped: the corpus has their text already</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln could not be imported (listed below)</source>
        <translation>
            <numerusform>%Ln could not be imported (listed below)</numerusform>
            <numerusform>%Ln could not be imported (listed below)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Tagged %Ln hit(s) as %1</source>
        <translation>
            <numerusform>Tagged %Ln hit as %1</numerusform>
            <numerusform>Tagged %Ln hits as %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>in %Ln document(s)</source>
        <translation>
            <numerusform>in %Ln document</numerusform>
            <numerusform>in %Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln already had the tag</source>
        <translation>
            <numerusform>%Ln already had the tag</numerusform>
            <numerusform>%Ln already had the tag</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Name of the new entity for the mentions of “%1” in %Ln document(s):</source>
        <translation>
            <numerusform>Name of the new entity for the mentions of “%1” in %Ln document:</numerusform>
            <numerusform>Name of the new entity for the mentions of “%1” in %Ln documents:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Split “%1” off in %Ln document(s)</source>
        <translation>
            <numerusform>Split “%1” off in %Ln document</numerusform>
            <numerusform>Split “%1” off in %Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln problem(s) found:</source>
        <translation>
            <numerusform>%Ln problem found:</numerusform>
            <numerusform>%Ln problems found:</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Committed %Ln file(s); the corpus has no remote (give one with Corpus ▸ Sync With a Remote…)</source>
        <translation>
            <numerusform>Committed %Ln file; the corpus has no remote (give one with Corpus ▸ Sync With a Remote…)</numerusform>
            <numerusform>Committed %Ln files; the corpus has no remote (give one with Corpus ▸ Sync With a Remote…)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Committed %Ln file(s); the remote could not be reached, sync again later</source>
        <translation>
            <numerusform>Committed %Ln file; the remote could not be reached, sync again later</numerusform>
            <numerusform>Committed %Ln files; the remote could not be reached, sync again later</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Synced: %Ln file(s) sent</source>
        <translation>
            <numerusform>Synced: %Ln file sent</numerusform>
            <numerusform>Synced: %Ln files sent</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln file(s) received</source>
        <translation>
            <numerusform>%Ln file received</numerusform>
            <numerusform>%Ln files received</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln conflict(s) kept both versions</source>
        <translation>
            <numerusform>%Ln conflict kept both versions</numerusform>
            <numerusform>%Ln conflicts kept both versions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Add %Ln annotation(s)</source>
        <translation>
            <numerusform>Add %Ln annotation</numerusform>
            <numerusform>Add %Ln annotations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln annotation(s)</source>
        <translation>
            <numerusform>Delete %Ln annotation</numerusform>
            <numerusform>Delete %Ln annotations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Delete %Ln unused entities</source>
        <translation>
            <numerusform>Delete %Ln unused entities</numerusform>
            <numerusform>Delete %Ln unused entities</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%Ln new entities)</source>
        <translation>
            <numerusform> (%Ln new entities)</numerusform>
            <numerusform> (%Ln new entities)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (and %Ln reference(s) to it)</source>
        <translation>
            <numerusform> (and %Ln reference to it)</numerusform>
            <numerusform> (and %Ln references to it)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> and %Ln entities</source>
        <translation>
            <numerusform> and %Ln entities</numerusform>
            <numerusform> and %Ln entities</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln without a date</source>
        <translation>
            <numerusform>%Ln without a date</numerusform>
            <numerusform>%Ln without a date</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln commitment(s) without a date not shown</source>
        <translation>
            <numerusform>%Ln commitment without a date not shown</numerusform>
            <numerusform>%Ln commitments without a date not shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s)</source>
        <translation>
            <numerusform>%Ln document</numerusform>
            <numerusform>%Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln document(s)</source>
        <translation>
            <numerusform>%1 of %Ln document</numerusform>
            <numerusform>%1 of %Ln documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hit(s)</source>
        <translation>
            <numerusform>%Ln hit</numerusform>
            <numerusform>%Ln hits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The first %Ln hit(s)</source>
        <translation>
            <numerusform>The first %Ln hit</numerusform>
            <numerusform>The first %Ln hits</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Annotate %Ln</source>
        <translation>
            <numerusform>Annotate %Ln</numerusform>
            <numerusform>Annotate %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln document(s) annotated by all of them</source>
        <translation>
            <numerusform>%Ln document annotated by all of them</numerusform>
            <numerusform>%Ln documents annotated by all of them</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %Ln skipped (not annotated by all).</source>
        <translation>
            <numerusform>; %Ln skipped (not annotated by all).</numerusform>
            <numerusform>; %Ln skipped (not annotated by all).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Chance disorder of γ from %Ln shuffled corpus sample(s).</source>
        <translation>
            <numerusform>Chance disorder of γ from %Ln shuffled corpus sample.</numerusform>
            <numerusform>Chance disorder of γ from %Ln shuffled corpus samples.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln disagreement(s) (click or Enter: show in the document)</source>
        <translation>
            <numerusform>%Ln disagreement (click or Enter: show in the document)</numerusform>
            <numerusform>%Ln disagreements (click or Enter: show in the document)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Accepted “{text}” as {tag} %n times</source>
        <translation>
            <numerusform>Accepted “{text}” as {tag} %n time</numerusform>
            <numerusform>Accepted “{text}” as {tag} %n times</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln agreed annotation(s) taken into the curated layer</source>
        <translation>
            <numerusform>%Ln agreed annotation taken into the curated layer</numerusform>
            <numerusform>%Ln agreed annotations taken into the curated layer</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved; %Ln disagreement(s) left</source>
        <translation>
            <numerusform>Saved; %Ln disagreement left</numerusform>
            <numerusform>Saved; %Ln disagreements left</numerusform>
        </translation>
    </message>
</context>
</TS>
