"use client";
import { useEffect, useMemo, useRef, type KeyboardEvent } from "react";
import { listVisibleNodes, type TreeModel } from "./use-org-tree";
import { OrgTreeRow } from "./org-tree-row";

// The organization as a WAI-ARIA tree (single selection): one tab stop, arrow keys move between visible nodes,
// Right/Left expand, collapse or move to the first child/parent, Home/End jump, Enter or Space select, and typing a
// letter moves to the next node starting with it. Selecting shows the node's details beside the tree.

export function OrgTree(props: {
  model: TreeModel;
  label: string;
  selectedId: string;
  focusedId: string;
  onSelect: (id: string) => void;
  onFocusChange: (id: string) => void;
}) {
  const { model, selectedId, focusedId, onSelect, onFocusChange } = props;
  const visible = useMemo(() => listVisibleNodes(model), [model]);
  const treeRef = useRef<HTMLUListElement>(null);
  const moveFocus = useRef(false);
  const focusTarget = visible.some((entry) => entry.id === focusedId) ? focusedId : (visible[0]?.id ?? model.rootId);

  useEffect(() => {
    if (!moveFocus.current) return;
    moveFocus.current = false;
    treeRef.current?.querySelector<HTMLElement>(`[data-node-id="${CSS.escape(focusTarget)}"]`)?.focus();
  }, [focusTarget]);

  const focusNode = (id: string | undefined) => {
    if (!id) return;
    moveFocus.current = true;
    onFocusChange(id);
  };

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    // Keys pressed on a control inside the tree (a Retry button) belong to that control.
    if ((event.target as HTMLElement).getAttribute("role") !== "treeitem") return;
    const index = visible.findIndex((entry) => entry.id === focusTarget);
    const current = visible[index];
    if (!current) return;
    const open = model.isExpanded(current.id);
    let handled = true;
    switch (event.key) {
      case "ArrowDown":
        focusNode(visible[index + 1]?.id);
        break;
      case "ArrowUp":
        focusNode(visible[index - 1]?.id);
        break;
      case "Home":
        focusNode(visible[0]?.id);
        break;
      case "End":
        focusNode(visible.at(-1)?.id);
        break;
      case "ArrowRight":
        if (!model.canExpand(current.id)) break;
        if (!open) model.toggle(current.id, true);
        else focusNode(model.childrenOf(current.id)?.[0]);
        break;
      case "ArrowLeft":
        if (open) model.toggle(current.id, false);
        else focusNode(current.parentId ?? undefined);
        break;
      case "Enter":
      case " ":
        onSelect(current.id);
        break;
      default:
        handled = typeAhead(event.key, index);
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  function typeAhead(key: string, index: number): boolean {
    if (key.length !== 1 || !/\S/.test(key) || key === "/") return false;
    const letter = key.toLowerCase();
    const ordered = [...visible.slice(index + 1), ...visible.slice(0, index)];
    focusNode(ordered.find((entry) => model.node(entry.id)?.name.toLowerCase().startsWith(letter))?.id);
    return true;
  }

  return (
    <ul ref={treeRef} role="tree" aria-label={props.label} className="space-y-0.5" onKeyDown={onKeyDown} data-testid="org-tree">
      <OrgTreeRow
        id={model.rootId}
        level={1}
        posinset={1}
        setsize={1}
        model={model}
        selectedId={selectedId}
        focusTarget={focusTarget}
        onActivate={(id) => {
          onFocusChange(id);
          onSelect(id);
        }}
      />
    </ul>
  );
}
