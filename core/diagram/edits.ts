// Every edit the editor makes, simple and composite, under one name (`edits` in core's index).
export * from './edit'
export * from './composite'
